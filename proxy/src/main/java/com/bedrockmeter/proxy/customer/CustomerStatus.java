package com.bedrockmeter.proxy.customer;

public enum CustomerStatus { ACTIVE, SUSPENDED }
