package dev.sstbeam.format;

/**
 * Every error code of FORMAT.md §9, with the exact string the Rust crate uses, so that callers and
 * command-line output can be compared with the Rust tools.
 */
public enum ErrorCode {
  KEY_TOO_LARGE("key-too-large"),
  VALUE_TOO_LARGE("value-too-large"),
  SORT_ORDER("sort-order"),
  TABLE_FULL("table-full"),
  BLOCK_TOO_SMALL("block-too-small"),
  EMPTY_BATCH("empty-batch"),
  CRC32C_FAILURE("crc32c-failure"),
  CORRUPTION_FILE_TOO_SMALL("corruption-file-too-small"),
  CORRUPTION_FINAL_BLOCK_OFFSET_TOO_LARGE("corruption-final-block-offset-too-large"),
  CORRUPTION_INDEX_BLOCK_RUNS_PAST_FILTER_BLOCK("corruption-index-block-runs-past-filter-block"),
  CORRUPTION_FILTER_BLOCK_RUNS_PAST_FINAL_BLOCK("corruption-filter-block-runs-past-final-block"),
  CORRUPTION_BLOCK_METADATA_START_GTE_LIMIT("corruption-block-metadata-start-gte-limit"),
  CORRUPTION_META_BLOCK_NULL_VALUE("corruption-meta-block-null-value"),
  CORRUPTION_TRIED_LOADING_FILTER_BLOCK_AS_PLAIN("corruption-tried-loading-filter-block-as-plain"),
  CORRUPTION_TRIED_LOADING_FINAL_BLOCK_AS_PLAIN("corruption-tried-loading-final-block-as-plain"),
  CORRUPTION_TRIED_LOADING_PLAIN_BLOCK_AS_FILTER("corruption-tried-loading-plain-block-as-filter"),
  CORRUPTION_TRIED_LOADING_FINAL_BLOCK_AS_FILTER("corruption-tried-loading-final-block-as-filter"),
  CORRUPTION_BAD_FILTER_BLOCK("corruption-bad-filter-block"),
  CORRUPTION_BLOCK_WITH_ZERO_RESTARTS("corruption-block-with-zero-restarts"),
  CORRUPTION_RESTART_POINT_NO_KEY_VALUE_PAIR("corruption-restart-point-no-key-value-pair"),
  CORRUPTION_BINARY_SEARCH_LEFT_NE_RIGHT("corruption-binary-search-left-ne-right"),
  CORRUPTION_OFFSET_EXCEEDS_RESTARTS_BOUNDARY("corruption-offset-exceeds-restarts-boundary"),
  CORRUPTION_SHARED_NOT_ZERO("corruption-shared-not-zero"),
  CORRUPTION_INVALID_DISCRIMINANT("corruption-invalid-discriminant"),
  CORRUPTION_CRC_CHECKSUM_FAILED("corruption-crc-checksum-failed"),
  CORRUPTION_HEADER_SIZE_EXCEEDS_MAX("corruption-header-size-exceeds-max"),
  CORRUPTION_ENTRY_SIZE_EXCEEDS_MAX("corruption-entry-size-exceeds-max"),
  CORRUPTION_TRUE_UP_EXCEEDS_HEADER_MAX("corruption-true-up-exceeds-header-max"),
  CORRUPTION_TRUNCATION_NO_SECOND_HEADER("corruption-truncation-no-second-header"),
  CORRUPTION_LOG_POISONED("corruption-log-poisoned"),
  CORRUPTION_FSYNC_FAILED("corruption-fsync-failed"),
  UNPACK_FINAL_BLOCK_OFFSET("unpack-final-block-offset"),
  UNPACK_FINAL_BLOCK("unpack-final-block"),
  UNPACK_TABLE_ENTRY("unpack-table-entry"),
  UNPACK_BLOCK_METADATA("unpack-block-metadata"),
  UNPACK_KEY_VALUE_PAIR("unpack-key-value-pair"),
  UNPACK_BLOCK_RESTARTS("unpack-block-restarts"),
  UNPACK_KEY_VALUE_ENTRY("unpack-key-value-entry"),
  UNPACK_LOG_HEADER("unpack-log-header"),
  LOGIC_ERROR_START_NEW_BLOCK_WHEN_SOME("logic-error-start-new-block-when-some"),
  LOGIC_ERROR_FLUSH_BLOCK_WHEN_NONE("logic-error-flush-block-when-none"),
  LOGIC_ERROR_RESTART_IDX_EXCEEDS_NUM_RESTARTS("logic-error-restart-idx-exceeds-num-restarts"),
  LOGIC_ERROR_TRIED_TAKING_NEGATIVE_RESTART_IDX("logic-error-tried-taking-negative-restart-idx"),
  LOGIC_ERROR_NEXT_NOT_POSITIONED("logic-error-next-not-positioned"),
  LOGIC_ERROR_PREV_NOT_POSITIONED("logic-error-prev-not-positioned"),
  LOGIC_ERROR_FILE_DESCRIPTOR_NEGATIVE("logic-error-file-descriptor-negative"),
  LOGIC_ERROR_FILE_MANAGER_BROKEN_POINTER("logic-error-file-manager-broken-pointer"),
  LOGIC_ERROR_BUF_WRITER_INTO_INNER_FAILED("logic-error-buf-writer-into-inner-failed"),
  SYSTEM_ERROR("system-error"),
  TOO_MANY_OPEN_FILES("too-many-open-files");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The code exactly as the Rust crate spells it, e.g. {@code corruption-crc-checksum-failed}. */
  public String code() {
    return code;
  }

  /** Looks up a code by its Rust spelling; throws {@link IllegalArgumentException} if unknown. */
  public static ErrorCode fromCode(String code) {
    for (ErrorCode c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown sst error code: " + code);
  }

  @Override
  public String toString() {
    return code;
  }
}
