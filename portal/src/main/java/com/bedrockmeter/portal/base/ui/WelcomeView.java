package com.bedrockmeter.portal.base.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/** The portal's landing page until sign-in and the customer views arrive (issue 3). */
@Route("")
@PageTitle("Bedrock Meter")
public class WelcomeView extends VerticalLayout {

    public WelcomeView() {
        add(new H1("Bedrock Meter"),
                new Paragraph("Metered access to AWS Bedrock. Sign-in, API keys, usage charts and invoices arrive "
                        + "here next; until then, manage customers with the admin CLI (proxy/bin/bedrock-meter)."));
    }
}
