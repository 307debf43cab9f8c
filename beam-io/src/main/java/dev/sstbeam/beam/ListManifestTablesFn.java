package dev.sstbeam.beam;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * For {@link SstIO#readManifest}: given a manifest's directory or path, reads the
 * {@code MANIFEST.json} and emits the metadata of exactly
 * the tables it lists (names resolve against the manifest's directory), in manifest order. Fails,
 * naming them, when listed tables are missing or do not have the size the manifest records.
 */
final class ListManifestTablesFn extends DoFn<String, MatchResult.Metadata> {
  private static final long serialVersionUID = 1L;

  @ProcessElement
  public void process(@Element String location, OutputReceiver<MatchResult.Metadata> out)
      throws IOException {
    ResourceId manifestFile = manifestFile(location);
    SstManifest manifest;
    try {
      manifest = SstManifest.read(manifestFile);
    } catch (IOException e) {
      throw new IOException("SstIO.readManifest(): cannot read " + manifestFile + ": " + e, e);
    }
    ResourceId dir = manifestFile.getCurrentDirectory();
    List<ResourceId> tables = new ArrayList<>();
    for (SstManifest.Table t : manifest.tables) {
      tables.add(dir.resolve(t.file, StandardResolveOptions.RESOLVE_FILE));
    }
    List<MatchResult> matches = tables.isEmpty() ? List.of() : FileSystems.matchResources(tables);
    List<String> missing = new ArrayList<>();
    List<String> wrongSize = new ArrayList<>();
    List<MatchResult.Metadata> found = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      MatchResult m = matches.get(i);
      SstManifest.Table t = manifest.tables.get(i);
      if (m.status() == MatchResult.Status.NOT_FOUND
          || (m.status() == MatchResult.Status.OK && m.metadata().isEmpty())) {
        missing.add(t.file);
        continue;
      }
      MatchResult.Metadata md = m.metadata().get(0);
      if (md.sizeBytes() != t.bytes) {
        wrongSize.add(t.file + " (" + md.sizeBytes() + " bytes, listed with " + t.bytes + ")");
      }
      found.add(md);
    }
    if (!missing.isEmpty()) {
      throw new FileNotFoundException(manifestFile + " lists " + missing.size() + " of its "
          + tables.size() + " tables that are missing from " + dir + ": " + String.join(", ", missing));
    }
    if (!wrongSize.isEmpty()) {
      throw new IOException(manifestFile + " lists tables that are not the files in " + dir
          + ": " + String.join(", ", wrongSize));
    }
    for (MatchResult.Metadata md : found) {
      out.output(md);
    }
  }

  /** The location itself when its last component is {@code MANIFEST.json}, else the manifest in it. */
  static ResourceId manifestFile(String location) {
    ResourceId asFile = FileSystems.matchNewResource(location, false);
    if (!location.endsWith("/") && SstManifest.FILE_NAME.equals(asFile.getFilename())) {
      return asFile;
    }
    return BeamFiles.file(BeamFiles.directory(location), SstManifest.FILE_NAME);
  }
}
