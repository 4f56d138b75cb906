package com.bedrockmeter.model.base;

import com.bedrockmeter.model.base.ApiException;

/** Input an admin or customer gave that we refuse before writing anything. */
public class InvalidInputException extends ApiException {
    public InvalidInputException(String code, String message) {
        super(400, code, message);
    }
}
