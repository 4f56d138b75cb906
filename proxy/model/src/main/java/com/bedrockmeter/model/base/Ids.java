package com.bedrockmeter.model.base;

import java.util.regex.Pattern;

/** The shapes of ids that people type, in one place: the request path, the services and the CLI check the same. */
public final class Ids {

    /** A plan id: 1 to 64 letters, digits, '_', '.' or '-'. */
    public static final Pattern PLAN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** A model id as Bedrock spells it (foundation models, inference profiles, ARNs). */
    public static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");

    private Ids() {
    }
}
