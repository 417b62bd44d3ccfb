package com.rateplatform.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end and hands back what it printed (standard output and error together). */
public final class Shell {

    private Shell() {
    }

    /** Whether {@code program} is on the PATH. */
    public static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Whether this JVM runs as root (servers that refuse root then run as another user). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs it with {@code env} added to this process's environment; fails, with its output, unless it exits 0. */
    public static String run(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Still running after 5 minutes: " + command + "\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Exit " + process.exitValue() + " of " + command + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String run(String... command) {
        return run(List.of(command), Map.of());
    }

    /** The command run as {@code user} (runuser) when this JVM is root, as this JVM's user otherwise. */
    public static List<String> as(String user, String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot() && !"root".equals(user)) {
            full.addAll(List.of("runuser", "-u", user, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }
}
