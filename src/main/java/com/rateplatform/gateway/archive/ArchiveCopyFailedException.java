package com.rateplatform.gateway.archive;

import java.io.IOException;

/** An archive could not be copied, or its copy does not hold the file's bytes: the data it holds must be kept. */
public class ArchiveCopyFailedException extends IOException {

    public ArchiveCopyFailedException(String message) {
        super(message);
    }

    public ArchiveCopyFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
