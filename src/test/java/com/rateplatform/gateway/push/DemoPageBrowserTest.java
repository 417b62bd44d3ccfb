package com.rateplatform.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.HeadlessChromium;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * The demo page in a real browser (Debian's headless Chromium driven by chromedriver): a person pastes a development
 * token, types a phone number or an account, and sees the verdict arrive over the WebSocket. Skipped, each test with
 * the reason, only where Chromium or chromedriver is not installed ({@code .ci/run} installs them;
 * {@code -Dchromium.binary=} and {@code -Dchromedriver.binary=} point elsewhere).
 */
@Tag("slow")
class DemoPageBrowserTest {

    private static final Path SCREENSHOT = Path.of("target", "demo-page", "verdict.png");

    private static RunningGateway gateway;
    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        if (!HeadlessChromium.isInstalled()) {
            return; // each test reports itself skipped, with the reason (needsTheBrowser)
        }
        // As a person trying the demo would run it: DEMO_ENABLED on, and a token with validation scopes to paste.
        gateway = RunningGateway.start(TestServers.uniquePrefix("demo"),
                Map.of("rate.push.demo-enabled", "true"));
        chromium = HeadlessChromium.start("1000,900");
        browser = chromium.browser();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void needsTheBrowser() {
        assumeTrue(HeadlessChromium.isInstalled(), HeadlessChromium.missing());
    }

    @Test
    void aPersonPastesATokenTypesAPhoneNumberOrAnAccountAndSeesTheVerdictArrive() throws IOException {
        browser.get(gateway.url("/demo/"));
        String token = RunningGateway.token("thao", java.util.List.of(Scopes.VALIDATION_READ, Scopes.VALIDATION_WRITE));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("connect")).click();
        eventually().until(() -> text(By.id("connection-state")).equals("connected as thao"));

        validate("phone", "0912345678", null);
        WebElement phone = eventually().until(() -> row(0), r -> r.findElement(By.className("verdict")).getText().startsWith("DONE"));
        validate("bank_account", "12", "VCB");
        WebElement account = eventually().until(() -> row(0), r -> r.findElement(By.className("verdict")).getText().startsWith("ERROR"));

        chromium.screenshot(SCREENSHOT);
        assertThat(account.findElement(By.className("verdict")).getText()).isEqualTo("ERROR BANK_ACCOUNT_LENGTH");
        assertThat(phone.findElement(By.className("summary")).getText()).contains("+84912345678");
        String requestId = phone.getAttribute("data-request-id");
        JsonNode status = Json.read(RunningGateway.send(gateway.unauthenticated("/api/validation/status/" + requestId)
                .header("Authorization", "Bearer " + token)).body(), JsonNode.class);
        assertThat(status.at("/results/0/verdict").asText()).isEqualTo("DONE");
        assertThat(status.get("user_id").asText()).isEqualTo("thao");
    }

    @Test
    void aTokenTheGatewayRefusesLeavesThePageDisconnected() {
        browser.get(gateway.url("/demo/"));
        browser.findElement(By.id("token")).sendKeys("not-a-dev-token");
        browser.findElement(By.id("connect")).click();

        eventually().until(() -> text(By.id("connection-state")).startsWith("disconnected"));
        assertThat(browser.findElement(By.id("validate")).isEnabled()).isFalse();
    }

    private void validate(String field, String value, String bankCode) {
        new Select(browser.findElement(By.id("field"))).selectByValue(field);
        WebElement input = browser.findElement(By.id("value"));
        input.clear();
        input.sendKeys(value);
        if (bankCode != null) {
            WebElement code = browser.findElement(By.id("bank-code"));
            code.clear();
            code.sendKeys(bankCode);
        }
        browser.findElement(By.id("validate")).click();
    }

    private static WebElement row(int index) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#results li"));
        return rows.size() > index ? rows.get(index) : null;
    }

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    /** The browser is driven from this thread only. */
    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInSameThread().ignoreExceptions();
    }
}
