package com.bedrockmeter.model.customer;

/**
 * {@code ACTIVE}: calls are served; {@code SUSPENDED}: refused until reactivated; {@code PENDING_APPROVAL}: signed
 * up while the operator requires approval, refused until an admin approves (portal or CLI {@code approve}).
 */
public enum CustomerStatus { ACTIVE, SUSPENDED, PENDING_APPROVAL }
