package com.bedrockmeter.proxy.customer;

import com.bedrockmeter.proxy.base.ApiException;
import org.springframework.http.HttpStatus;

/** Input an admin or customer gave that we refuse before writing anything. */
public class InvalidInputException extends ApiException {
    public InvalidInputException(String code, String message) {
        super(HttpStatus.BAD_REQUEST, code, message);
    }
}
