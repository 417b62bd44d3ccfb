package com.rateplatform.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a push client's bearer token is looked for, in order. */
class BearerTokenTest {

    @Test
    void theAuthorizationHeaderComesFirst() {
        assertThat(BearerToken.find("Bearer abc.def", "bearer, other", "third"))
                .contains(new BearerToken("abc.def", false));
        assertThat(BearerToken.find("bearer   abc", null, null)).contains(new BearerToken("abc", false));
    }

    @Test
    void aSubprotocolListNamesTheTokenAfterBearer() {
        assertThat(BearerToken.find(null, "bearer, eyJhbGciOi.eyJzdWIi.c2ln", null))
                .contains(new BearerToken("eyJhbGciOi.eyJzdWIi.c2ln", true));
        assertThat(BearerToken.find(null, "json,bearer,tok", null)).contains(new BearerToken("tok", true));
    }

    @Test
    void theAccessTokenParameterComesLast() {
        assertThat(BearerToken.find(null, null, "q-token")).contains(new BearerToken("q-token", false));
        assertThat(BearerToken.find("Basic dXNlcg==", "bearer", "q-token")).contains(new BearerToken("q-token", false));
    }

    @Test
    void noTokenAnywhereIsNone() {
        assertThat(BearerToken.find(null, null, null)).isEmpty();
        assertThat(BearerToken.find("Bearer ", "bearer", " ")).isEmpty();
    }
}
