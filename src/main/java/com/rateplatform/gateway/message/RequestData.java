package com.rateplatform.gateway.message;

import java.util.List;

/** The {@code data} object of a request message. */
public record RequestData(List<Item> items) {
}
