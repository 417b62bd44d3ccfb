package com.rateplatform.gateway.archive;

/**
 * Where an archive file is copied before the data it holds is deleted. {@link #store} returns only once the copy is
 * verified to hold the file's exact bytes; anything else throws, and the caller keeps the data.
 */
public interface ArchiveCopy {

    /** No copy beyond the local file (no bucket configured). */
    ArchiveCopy NONE = new ArchiveCopy() {
        @Override
        public void store(ArchiveFile file) {
            // the local archive file is the only copy
        }

        @Override
        public String describe(ArchiveFile file) {
            return file.path().toString();
        }
    };

    /** Copies the file and verifies the copy. */
    void store(ArchiveFile file) throws ArchiveCopyFailedException;

    /** Where the file is (or would be) kept, for logs. */
    String describe(ArchiveFile file);
}
