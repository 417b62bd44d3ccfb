package com.rateplatform.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiException;

/** The development authenticator: explicit tokens when switched on, nothing at all when off (the default). */
class DevelopmentAuthenticatorTest {

    private final DevelopmentAuthenticator on = new DevelopmentAuthenticator(true);

    @Test
    void whenOnADevTokenStandsForTheCallerItNames() {
        assertThat(on.callerFor("dev.alice")).isEqualTo("alice");
        assertThat(on.callerFor("dev.team_7-b")).isEqualTo("team_7-b");
    }

    @Test
    void whenOnAnythingElseIsRefusedWith401() {
        for (String token : new String[] { "alice", "dev.", "dev.a.b", "dev.anonymous", "dev.x y", "Dev.alice", null }) {
            assertThatThrownBy(() -> on.callerFor(token)).as(String.valueOf(token))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void whenOffEveryTokenIsRefused() {
        assertThatThrownBy(() -> new DevelopmentAuthenticator(false).callerFor("dev.alice"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
