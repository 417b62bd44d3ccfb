package com.rateplatform.gateway.security;

import java.time.Instant;

/** A credential found valid: who it names, and until when it stays valid (null: no expiry of its own). */
public record Verification(Caller caller, Instant expiresAt) {
}
