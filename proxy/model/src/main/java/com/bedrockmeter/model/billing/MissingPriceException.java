package com.bedrockmeter.model.billing;

import java.time.LocalDate;

/** A plan charges tokens, but the {@link PriceBook} has no price for a used model on a day it was used. */
public class MissingPriceException extends IllegalArgumentException {

    private final String modelId;
    private final LocalDate date;

    public MissingPriceException(String modelId, LocalDate date) {
        super("no token price for model " + modelId + " in effect on " + date);
        this.modelId = modelId;
        this.date = date;
    }

    public String modelId() {
        return modelId;
    }

    public LocalDate date() {
        return date;
    }
}
