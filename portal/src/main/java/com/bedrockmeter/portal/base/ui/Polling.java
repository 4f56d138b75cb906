package com.bedrockmeter.portal.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;

/**
 * A view's polling while it waits for work done elsewhere (a billing run, analytics queries): the browser asks every
 * {@code millis} ms and {@code onPoll} runs; turned off, the UI stops asking. Views turn it off when detached.
 */
public final class Polling {

    private final Component owner;
    private final int millis;
    private final Runnable onPoll;
    private Registration listener;

    public Polling(Component owner, int millis, Runnable onPoll) {
        this.owner = owner;
        this.millis = millis;
        this.onPoll = onPoll;
    }

    /** Starts or stops polling; does nothing while the owner is not attached or when already in that state. */
    public void set(boolean on) {
        owner.getUI().ifPresent(ui -> {
            if (on && listener == null) {
                listener = ui.addPollListener(e -> onPoll.run());
                ui.setPollInterval(millis);
            } else if (!on && listener != null) {
                listener.remove();
                listener = null;
                ui.setPollInterval(-1);
            }
        });
    }
}
