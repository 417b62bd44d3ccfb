package com.rateplatform.gateway.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Copies archive files to a bucket of an S3-compatible store (AWS S3, MinIO, Ceph, ...) and proves each copy: the file
 * is sent with its SHA-256 (as {@code x-amz-checksum-sha256}, which S3 itself checks on receipt, and as the object's
 * metadata {@code sha256}), then read back whole, and its size and SHA-256 must be the file's. Reading back is the one
 * check every S3-compatible server supports (ETags are not content hashes under SSE-KMS or multipart, and not every
 * server keeps checksums); it costs one download per month per partitioned table.
 *
 * <p>One PUT per file, so an archive larger than S3's single-upload limit (5 GiB) fails and its partition stays.
 */
public final class S3ArchiveCopy implements ArchiveCopy, AutoCloseable {

    /** User metadata holding the SHA-256 (hex) of the object's bytes: {@code x-amz-meta-sha256}. */
    public static final String SHA256_METADATA = "sha256";

    /**
     * @param endpoint        empty for AWS S3, else the store's URL ({@code https://minio.example.com:9000})
     * @param keyPrefix       put before each file name to make its key ({@code rate-gateway/partitions/})
     * @param pathStyle       bucket in the path ({@code endpoint/bucket/key}), as MinIO-like stores expect
     * @param accessKeyId     empty: the AWS SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profile, role)
     */
    public record Settings(String endpoint, String region, String bucket, String keyPrefix, boolean pathStyle,
                           String accessKeyId, String secretAccessKey, Duration connectTimeout, Duration readTimeout) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;

    private S3ArchiveCopy(S3Client s3, String bucket, String keyPrefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
    }

    public static S3ArchiveCopy create(Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout())
                        .build())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                // The SHA-256 is sent and checked explicitly. The SDK's defaults (a CRC32 trailer; over http, a body in
                // signed aws-chunked encoding) are not understood by every S3-compatible store: s3rver 3.7 stores the
                // chunk framing as part of the object, which the read-back check caught.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return new S3ArchiveCopy(builder.build(), settings.bucket(), settings.keyPrefix());
    }

    private static AwsCredentialsProvider credentials(Settings settings) {
        if (settings.accessKeyId().isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }

    @Override
    public void store(ArchiveFile file) throws ArchiveCopyFailedException {
        String key = key(file);
        try {
            s3.putObject(PutObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .contentLength(file.size())
                    .contentType("application/gzip")
                    .checksumSHA256(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(file.sha256())))
                    .metadata(Map.of(SHA256_METADATA, file.sha256()))
                    .build(), RequestBody.fromFile(file.path()));
        } catch (SdkException e) {
            throw new ArchiveCopyFailedException("Upload of " + file.path() + " to " + describe(file) + " failed: " + e.getMessage(), e);
        }
        verify(file, key);
    }

    /** Reads the object back: its size and SHA-256 must be the file's. */
    private void verify(ArchiveFile file, String key) throws ArchiveCopyFailedException {
        MessageDigest sha256 = ArchiveFile.sha256Digest();
        long size = 0;
        String storedSha256;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
            storedSha256 = in.response().metadata().get(SHA256_METADATA);
            size = digest(in, sha256);
        } catch (SdkException | IOException e) {
            throw new ArchiveCopyFailedException("Reading back " + describe(file) + " to verify it failed: " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (size != file.size() || !actual.equals(file.sha256())) {
            throw new ArchiveCopyFailedException("Copy " + describe(file) + " does not match " + file.path() + ": " + size
                    + " bytes with SHA-256 " + actual + ", expected " + file.size() + " bytes with SHA-256 " + file.sha256());
        }
        if (!file.sha256().equals(storedSha256)) {
            throw new ArchiveCopyFailedException("Copy " + describe(file) + " has the right bytes but its metadata " + SHA256_METADATA
                    + " is " + storedSha256 + ", expected " + file.sha256());
        }
    }

    private static long digest(InputStream in, MessageDigest sha256) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            sha256.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private String key(ArchiveFile file) {
        return keyPrefix + file.name();
    }

    @Override
    public String describe(ArchiveFile file) {
        return "s3://" + bucket + "/" + key(file);
    }

    @Override
    public void close() {
        s3.close();
    }
}
