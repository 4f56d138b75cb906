package com.bedrockmeter.proxy.base;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Translates DynamoDB failures other than a failed condition into {@link StoreUnavailableException}. */
public final class DynamoCalls {

    private DynamoCalls() {
    }

    /** Runs {@code call}; a failed condition passes through for the caller to translate into a domain exception. */
    public static <T> T store(Supplier<T> call) {
        try {
            return call.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException(e);
        }
    }

    public static void storeRun(Runnable call) {
        store(() -> {
            call.run();
            return null;
        });
    }
}
