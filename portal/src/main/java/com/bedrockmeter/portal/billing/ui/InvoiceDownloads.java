package com.bedrockmeter.portal.billing.ui;

import com.bedrockmeter.portal.billing.InvoiceCsv;
import com.bedrockmeter.portal.billing.InvoicePdf;
import com.bedrockmeter.model.billing.Invoice;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The CSV and PDF links of an invoice. The files are made from the invoice already on screen, which its view
 * fetched through a tenant-scoped service: the download request itself reads nothing.
 */
final class InvoiceDownloads {

    private InvoiceDownloads() {
    }

    static HorizontalLayout links(Invoice invoice, String customerName) {
        String name = "invoice-" + invoice.customerId() + "-" + invoice.periodStart() + "-to-" + invoice.periodEnd();
        Anchor csv = download(name + ".csv", "text/csv",
                () -> InvoiceCsv.lines(invoice).getBytes(StandardCharsets.UTF_8), "CSV");
        Anchor pdf = download(name + ".pdf", "application/pdf", () -> InvoicePdf.render(invoice, customerName), "PDF");
        csv.addClassName("invoice-csv");
        pdf.addClassName("invoice-pdf");
        HorizontalLayout links = new HorizontalLayout(csv, pdf);
        links.setSpacing(true);
        return links;
    }

    static Anchor download(String fileName, String contentType, Supplier<byte[]> content, String text) {
        return new Anchor(handler(fileName, contentType, content), AttachmentType.DOWNLOAD, text);
    }

    /** Makes the file when it is downloaded. */
    static DownloadHandler handler(String fileName, String contentType, Supplier<byte[]> content) {
        return DownloadHandler.fromInputStream(event -> {
            byte[] bytes = content.get();
            return new DownloadResponse(new ByteArrayInputStream(bytes), fileName, contentType, bytes.length);
        });
    }
}
