package com.bedrockmeter.proxy.local;

public final class LocalStack {
    public static void main(String[] args) {
    }
}
