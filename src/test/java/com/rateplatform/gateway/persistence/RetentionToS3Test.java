package com.rateplatform.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import com.rateplatform.gateway.archive.ArchiveCopyFailedException;
import com.rateplatform.gateway.archive.ArchiveFile;
import com.rateplatform.gateway.archive.S3ArchiveCopy;
import com.rateplatform.gateway.security.PiiMasker;
import com.rateplatform.gateway.support.LocalS3Server;
import com.rateplatform.gateway.support.LogCapture;

/**
 * With a bucket configured, retention copies each archive to S3-compatible storage (a real s3rver of the test's own)
 * and drops the partition only once the copy is read back with the file's size and SHA-256; a copy that fails or does
 * not match keeps the partition and says so.
 */
@Tag("slow")
class RetentionToS3Test {

    private static final String BUCKET = "rate-archive";
    private static final String PREFIX = "partitions/";

    private static LocalS3Server s3;
    private static S3Client client;

    @TempDir
    Path archive;

    private ExpiredMonth expired;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = LocalS3Server.start(BUCKET);
        client = s3.client();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void schemaWithAnExpiredMonth() throws SQLException {
        expired = new ExpiredMonth();
    }

    @AfterEach
    void drop() throws SQLException {
        expired.close();
    }

    @Test
    void theArchiveIsInTheBucketWithTheFilesSizeAndChecksumAndThePartitionIsDropped() throws Exception {
        try (S3ArchiveCopy copy = S3ArchiveCopy.create(s3.settings(BUCKET, PREFIX))) {
            Retention retention = new Retention(expired.schema().dataSource(), archive, copy, 12, Clock.systemUTC(), PiiMasker::maskArchivedRow);

            assertThat(retention.archiveExpired()).containsExactly(expired.partition());

            Path file = retention.archiveFile(expired.partition());
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(PREFIX + file.getFileName()));
            assertThat(object.response().contentLength()).isEqualTo(Files.size(file));
            assertThat(sha256(object.asByteArray())).isEqualTo(sha256(Files.readAllBytes(file)));
            assertThat(object.response().metadata()).containsEntry(S3ArchiveCopy.SHA256_METADATA, sha256(Files.readAllBytes(file)));
            assertThat(RetentionTest.readNdjson(file)).hasSize(ExpiredMonth.ROWS);
            assertThat(expired.partitionExists()).isFalse();
        }
    }

    @Test
    void anUploadToAMissingBucketKeepsThePartitionAndSaysSo() throws Exception {
        try (S3ArchiveCopy copy = S3ArchiveCopy.create(s3.settings("no-such-bucket", PREFIX));
             LogCapture log = LogCapture.of(Retention.class)) {
            Retention retention = new Retention(expired.schema().dataSource(), archive, copy, 12, Clock.systemUTC(), PiiMasker::maskArchivedRow);

            assertThatThrownBy(retention::archiveExpired).isInstanceOf(ArchiveCopyFailedException.class)
                    .hasMessageContaining("s3://no-such-bucket/" + PREFIX + expired.partition());

            assertThat(expired.partitionExists()).isTrue();
            assertThat(log.lines()).anyMatch(line -> line.startsWith("ERROR Retention: partition " + expired.partition() + " KEPT"));
        }
    }

    @Test
    void anUploadWithTheServerDownKeepsThePartition() throws Exception {
        try (S3ArchiveCopy copy = S3ArchiveCopy.create(new S3ArchiveCopy.Settings("http://127.0.0.1:" + closedPort(), "us-east-1",
                BUCKET, PREFIX, true, LocalS3Server.ACCESS_KEY_ID, LocalS3Server.SECRET_ACCESS_KEY,
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2)))) {
            Retention retention = new Retention(expired.schema().dataSource(), archive, copy, 12, Clock.systemUTC(), PiiMasker::maskArchivedRow);

            assertThatThrownBy(retention::archiveExpired).isInstanceOf(ArchiveCopyFailedException.class);

            assertThat(expired.partitionExists()).isTrue();
        }
    }

    @Test
    void aCopyThatDoesNotHoldTheFilesBytesIsRefused() throws Exception {
        Path file = archive.resolve("mismatch.ndjson.gz");
        Files.writeString(file, "the bytes on disk");
        ArchiveFile claimed = new ArchiveFile(file, Files.size(file), sha256("other bytes".getBytes()));

        try (S3ArchiveCopy copy = S3ArchiveCopy.create(s3.settings(BUCKET, PREFIX))) {
            assertThatThrownBy(() -> copy.store(claimed)).isInstanceOf(ArchiveCopyFailedException.class)
                    .hasMessageContaining("does not match");
        }
    }

    @Test
    void aSecondRunAfterAFailedCopyCopiesAndDrops() throws Exception {
        try (S3ArchiveCopy failing = S3ArchiveCopy.create(s3.settings("no-such-bucket", PREFIX));
             S3ArchiveCopy working = S3ArchiveCopy.create(s3.settings(BUCKET, "retry/"))) {
            assertThatThrownBy(new Retention(expired.schema().dataSource(), archive, failing, 12, Clock.systemUTC(), PiiMasker::maskArchivedRow)::archiveExpired)
                    .isInstanceOf(ArchiveCopyFailedException.class);
            assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key("retry/" + expired.partition() + ".ndjson.gz")))
                    .isInstanceOf(NoSuchKeyException.class);

            assertThat(new Retention(expired.schema().dataSource(), archive, working, 12, Clock.systemUTC(), PiiMasker::maskArchivedRow).archiveExpired())
                    .containsExactly(expired.partition());
            assertThat(client.headObject(b -> b.bucket(BUCKET).key("retry/" + expired.partition() + ".ndjson.gz")).contentLength())
                    .isPositive();
            assertThat(expired.partitionExists()).isFalse();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
