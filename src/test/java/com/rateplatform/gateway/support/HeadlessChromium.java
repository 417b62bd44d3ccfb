package com.rateplatform.gateway.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver (no browser download), with a profile of its own removed on
 * close. Tests of the pages skip themselves when {@link #isInstalled()} is false ({@code .ci/run} installs both): each
 * test, in a {@code @BeforeEach} assumption, so that it is reported skipped with the reason (an assumption failing in
 * {@code @BeforeAll} hides the tests: "Tests run: 0").
 */
public final class HeadlessChromium implements AutoCloseable {

    // -Dchromium.binary=… / -Dchromedriver.binary=… point elsewhere (or at nothing, to see the tests skip).
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    private final Path profile;
    private final ChromeDriver browser;

    private HeadlessChromium(Path profile, ChromeDriver browser) {
        this.profile = profile;
        this.browser = browser;
    }

    public static boolean isInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Why a test is skipped where {@link #isInstalled()} is false. */
    public static String missing() {
        return "Chromium and chromedriver are not installed at " + CHROMIUM + ", " + CHROMEDRIVER;
    }

    /** @param windowSize {@code width,height} */
    public static HeadlessChromium start(String windowSize) throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + windowSize, "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new HeadlessChromium(profile, new ChromeDriver(driver, options));
    }

    public WebDriver browser() {
        return browser;
    }

    /** Saves what the window shows, as PNG (for a person to look at after the run). */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
