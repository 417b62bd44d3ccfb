package com.rateplatform.gateway.support;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines a person running {@code mvn verify} should see: figures a test measured, why a test was skipped.
 *
 * <p>Surefire writes what tests print to {@code target/surefire-reports/<class>-output.txt}
 * ({@code redirectTestOutputToFile}), not to the console; what the forked test JVM writes to its own standard error
 * (the file descriptor, not {@code System.err}, which Surefire captures) it copies to Maven's console. So each line
 * goes to both: the console, and the test's output file, where scripts such as {@code benchmarks/run-bulk.sh} read it.
 */
public final class Console {

    private static final PrintStream PROCESS_STDERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);

    private Console() {
    }

    public static void println(String line) {
        synchronized (PROCESS_STDERR) {
            PROCESS_STDERR.println(line);
        }
        System.out.println(line);
    }

    public static void printf(String format, Object... args) {
        println(String.format(format, args).stripTrailing());
    }
}
