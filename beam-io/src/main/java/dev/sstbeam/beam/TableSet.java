package dev.sstbeam.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A table set as a compaction or its verifier reads it while the pipeline is built: the manifest
 * (a directory holding {@code MANIFEST.json}, or the manifest's path) and its tables, resolved
 * against the manifest's directory.
 */
final class TableSet {
  final String given;
  final ResourceId manifestFile;
  final SstManifest manifest;
  final List<InputTable> tables;

  private TableSet(String given, ResourceId manifestFile, SstManifest manifest, List<InputTable> tables) {
    this.given = given;
    this.manifestFile = manifestFile;
    this.manifest = manifest;
    this.tables = tables;
  }

  /** Reads the manifest; fails naming it when it cannot be read. */
  static TableSet read(String location, String who) {
    ResourceId manifestFile = ListManifestTablesFn.manifestFile(location);
    SstManifest m;
    try {
      m = SstManifest.read(manifestFile);
    } catch (IOException e) {
      throw new UncheckedIOException(who + ": cannot read " + manifestFile + ": " + e.getMessage(), e);
    }
    ResourceId dir = manifestFile.getCurrentDirectory();
    List<InputTable> tables = new ArrayList<>();
    for (SstManifest.Table t : m.tables) {
      tables.add(new InputTable(dir.resolve(t.file, StandardResolveOptions.RESOLVE_FILE).toString(), t));
    }
    return new TableSet(location, manifestFile, m, tables);
  }

  /** As a compaction's manifest lists it among the parents. */
  SstManifest.Parent asParent() {
    SstManifest.Parent parent = new SstManifest.Parent();
    parent.manifest = given;
    parent.generation = manifest.generation;
    parent.records = manifest.records;
    parent.setsum = manifest.setsum;
    return parent;
  }
}
