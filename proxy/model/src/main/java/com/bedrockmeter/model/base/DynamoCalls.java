package com.bedrockmeter.model.base;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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

    /**
     * A failure no retry can cure: DynamoDB refused the request itself (400, e.g. an item over 400 KB), as opposed
     * to being unreachable, slow, throttling or failing inside (5xx).
     */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException service) {
                return service.statusCode() == 400 && !service.isThrottlingException()
                        && !(service instanceof ConditionalCheckFailedException);
            }
        }
        return false;
    }

    public static void storeRun(Runnable call) {
        store(() -> {
            call.run();
            return null;
        });
    }
}
