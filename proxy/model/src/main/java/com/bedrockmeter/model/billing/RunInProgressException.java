package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.base.ApiException;
import java.time.LocalDate;

/** Another billing run of the same period is going on (another portal, or the CLI): 409, nothing written. */
public class RunInProgressException extends ApiException {
    public RunInProgressException(LocalDate start, LocalDate end) {
        super(409, "run_in_progress", "A billing run for " + start + " to " + end
                + " is already going on; wait until it ends, then run the period again if needed.");
    }
}
