package com.rateplatform.gateway.app;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import com.rateplatform.gateway.config.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route files of a process's roles, named one by one. Given a wildcard ({@code classpath:routes/gateway-*.yaml}),
 * Camel finds the files by reading the whole runnable jar (68 MB) entry by entry, twice at start-up (once for
 * modelines, once to load): about a third of the time to ready. The jar's own index (or the classes directory,
 * under Maven) lists them in milliseconds. Where neither can be read, the wildcards are used as before.
 */
final class RouteFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    private static final String FOLDER = "routes/";
    private static final String SUFFIX = ".camel.yaml";
    private static final String SHARED_PREFIX = "common-";

    private RouteFiles() {
    }

    /** Camel's {@code routesIncludePattern} for {@code roles}: an explicit list of classpath files when it can be made. */
    static String includePattern(Roles roles) {
        try {
            List<String> names = namesBeside(RouteFiles.class);
            List<String> chosen = names.stream().filter(name -> belongsTo(name, roles)).sorted().toList();
            if (!chosen.isEmpty()) {
                return chosen.stream().map(name -> "classpath:" + FOLDER + name).collect(Collectors.joining(","));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.debug("Route files not listed from the code source ({}); using wildcards", e.toString());
        }
        return roles.routesIncludePattern();
    }

    private static boolean belongsTo(String name, Roles roles) {
        if (!name.endsWith(SUFFIX)) {
            return false;
        }
        return name.startsWith(SHARED_PREFIX) || roles.names().stream().anyMatch(role -> name.startsWith(role + "-"));
    }

    /** The file names under {@code routes/} of the jar or classes directory {@code type} was loaded from. */
    private static List<String> namesBeside(Class<?> type) throws IOException, URISyntaxException {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return List.of();
        }
        Path location = Path.of(source.getLocation().toURI());
        if (Files.isDirectory(location)) {
            Path folder = location.resolve(FOLDER);
            if (!Files.isDirectory(folder)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(folder)) {
                return files.map(file -> file.getFileName().toString()).toList();
            }
        }
        try (JarFile jar = new JarFile(location.toFile(), false)) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith(FOLDER) && name.indexOf('/', FOLDER.length()) < 0 && name.length() > FOLDER.length())
                    .map(name -> name.substring(FOLDER.length())).toList();
        }
    }
}
