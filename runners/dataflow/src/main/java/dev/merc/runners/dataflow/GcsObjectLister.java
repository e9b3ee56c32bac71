package dev.merc.runners.dataflow;

import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageOptions;
import dev.merc.transforms.ObjectLister;
import dev.merc.transforms.SampleFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.extensions.gcp.util.GcsUtil;
import org.apache.beam.sdk.extensions.gcp.util.gcsfs.GcsPath;
import org.apache.beam.sdk.io.FileSystemUtils;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Lists gs:// patterns with the Cloud Storage client, which returns each object's md5 with its
 * name and size: a rerun then recognises stored samples without downloading them. The glob
 * semantics are Beam's GcsFileSystem's (the same non-wildcard prefix and regular expression, and
 * names ending in a slash are folders), so the files are the ones Beam would match.
 *
 * <p>It follows Beam's GCS options: {@code --gcsEndpoint} (a local emulator in tests) and the
 * credential of {@code --credentialFactoryClass}. The endpoint is taken from the launcher's
 * options, since Beam does not pass it on to the workers' copy.
 */
public final class GcsObjectLister implements ObjectLister {

  private static final long serialVersionUID = 1L;
  private static final String API_PATH = "/storage/v1/";

  /** The client's host (scheme, host and port), or null for Cloud Storage itself. */
  private final String host;
  /** True with Beam's NoopCredentialFactory: requests then carry no credential at all. */
  private final boolean anonymous;

  GcsObjectLister(String host, boolean anonymous) {
    this.host = host;
    this.anonymous = anonymous;
  }

  /** Registers the lister for merc-dataflow.jar (META-INF/services). */
  public static final class Registrar implements ObjectLister.Registrar {
    @Override
    public ObjectLister fromOptions(PipelineOptions options) {
      GcsOptions gcs = options.as(GcsOptions.class);
      String endpoint = gcs.getGcsEndpoint();
      String host = null;
      if (endpoint != null && !endpoint.isEmpty()) {
        int api = endpoint.indexOf(API_PATH);
        host = api < 0 ? endpoint : endpoint.substring(0, api);
      }
      return new GcsObjectLister(host, gcs.getCredentialFactoryClass() == NoopCredentialFactory.class);
    }
  }

  @Override
  public boolean serves(String pattern) {
    return pattern.startsWith("gs://");
  }

  @Override
  public List<SampleFile> list(String pattern, PipelineOptions options) throws IOException {
    GcsPath path = GcsPath.fromUri(pattern);
    try (Storage storage = client(options.as(GcsOptions.class))) {
      List<SampleFile> files = new ArrayList<>();
      if (!GcsUtil.isWildcard(path)) {
        Blob blob = storage.get(BlobId.of(path.getBucket(), path.getObject()),
            BlobGetOption.fields(BlobField.NAME, BlobField.SIZE, BlobField.MD5HASH));
        if (blob != null) {
          files.add(file(path.getBucket(), blob));
        }
        return files;
      }
      Pattern names = Pattern.compile(FileSystemUtils.wildcardToRegexp(path.getObject()));
      for (Blob blob : storage.list(path.getBucket(),
              BlobListOption.prefix(GcsUtil.getNonWildcardPrefix(path.getObject())),
              BlobListOption.fields(BlobField.NAME, BlobField.SIZE, BlobField.MD5HASH))
          .iterateAll()) {
        if (names.matcher(blob.getName()).matches() && !blob.getName().endsWith("/")) {
          files.add(file(path.getBucket(), blob));
        }
      }
      return files;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot list " + pattern + ": " + e.getMessage(), e);
    }
  }

  /** Composite objects list no md5 (only a CRC32C): they are read and hashed as usual. */
  private static SampleFile file(String bucket, Blob blob) {
    String md5 = blob.getMd5() == null ? null : blob.getMd5ToHexString();
    long size = blob.getSize() == null ? 0 : blob.getSize();
    return SampleFile.listed("gs://" + bucket + "/" + blob.getName(), size, md5);
  }

  /**
   * A client for the captured host, with the worker's credential. The project is always given so
   * that the client never looks one up itself (which would ask the GCE metadata server); listing
   * objects needs none.
   */
  private Storage client(GcsOptions gcs) throws IOException {
    StorageOptions.Builder builder = StorageOptions.newBuilder();
    if (host != null) {
      builder.setHost(host);
    }
    Credentials credentials = anonymous ? null : gcs.getGcpCredential();
    builder.setCredentials(credentials == null ? NoCredentials.getInstance() : credentials);
    String project = gcs.getProject();
    builder.setProjectId(project == null || project.isEmpty() ? "merc" : project);
    return builder.build().getService();
  }
}
