package com.bedrockmeter.portal.analytics;

import com.bedrockmeter.model.base.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An analytics query that did not give an answer. Codes: {@code analytics_query_failed} (the engine refused or
 * failed it: the reason is the engine's), {@code analytics_query_cancelled}, {@code analytics_query_timeout}.
 */
public class AnalyticsException extends ApiException {

    public AnalyticsException(String code, String message, Throwable cause) {
        super(code.equals("analytics_query_timeout") ? HttpStatus.GATEWAY_TIMEOUT.value() : HttpStatus.BAD_GATEWAY.value(), code,
                message, Map.of(), cause);
    }

    public static AnalyticsException failed(String why, Throwable cause) {
        return new AnalyticsException("analytics_query_failed", "The usage query failed: " + why, cause);
    }
}
