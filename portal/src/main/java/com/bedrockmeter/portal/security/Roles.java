package com.bedrockmeter.portal.security;

/** The portal's roles: everyone signed in is a USER; admins are also ADMIN. */
public final class Roles {

    public static final String USER = "USER";
    public static final String ADMIN = "ADMIN";

    private Roles() {
    }
}
