package com.bedrockmeter.portal.billing;

import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceLine;
import com.bedrockmeter.model.billing.InvoiceStatus;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An invoice as a PDF (OpenPDF), with the same lines and exact amounts as the screen and the CSV. Pure: it renders
 * only what it is given.
 */
public final class InvoicePdf {

    /**
     * DejaVu (Debian's and Ubuntu's {@code fonts-dejavu-core}, installed by {@code .ci/run} and the portal image)
     * covers the names customers type in any script; without it, the PDF falls back to Helvetica, which knows only
     * Western European letters.
     */
    static final List<Path> UNICODE_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"));
    private static final Font TITLE = font(1, FontFactory.HELVETICA_BOLD, 18);
    private static final Font BODY = font(0, FontFactory.HELVETICA, 10);
    private static final Font BOLD = font(1, FontFactory.HELVETICA_BOLD, 10);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private InvoicePdf() {
    }

    /** @param customerName shown under the title; the invoice's customer id is printed too */
    public static byte[] render(Invoice invoice, String customerName) {
        var out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle("Invoice " + invoice.id());
            document.addCreator("Bedrock Meter");
            document.open();
            document.add(new Paragraph(invoice.status() == InvoiceStatus.DRAFT ? "Invoice (draft)" : "Invoice", TITLE));
            document.add(new Paragraph(customerName + " (customer " + invoice.customerId() + ")", BODY));
            document.add(new Paragraph("Period: " + invoice.periodStart() + " to " + invoice.periodEnd(), BODY));
            document.add(new Paragraph("Invoice: " + invoice.id(), BODY));
            if (invoice.finalizedAt() != null) {
                document.add(new Paragraph("Finalized: " + DAY.format(invoice.finalizedAt()), BODY));
            }
            document.add(new Paragraph(" ", BODY));
            document.add(lines(invoice));
            document.add(new Paragraph(" ", BODY));
            document.add(new Paragraph("Amounts in " + invoice.currency().getCurrencyCode() + ". Lines keep their "
                    + "full precision; the total is the subtotal rounded half-up to cents, once.", BODY));
        } catch (DocumentException e) {
            throw new IllegalStateException("The invoice PDF could not be written", e);
        } finally {
            document.close();
        }
        return out.toByteArray();
    }

    private static Font font(int unicode, String fallback, float size) {
        Path file = UNICODE_FONTS.get(unicode);
        if (Files.isReadable(file)) {
            try {
                return new Font(BaseFont.createFont(file.toString(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED), size);
            } catch (DocumentException | IOException e) {
                // an unreadable font file: the fallback below still renders every Latin name
            }
        }
        return FontFactory.getFont(fallback, size);
    }

    private static PdfPTable lines(Invoice invoice) throws DocumentException {
        PdfPTable table = new PdfPTable(new float[] {5, 2, 2, 2});
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        for (String header : new String[] {"Line", "Quantity", "Unit price", "Amount"}) {
            table.addCell(cell(header, BOLD, header.equals("Line") ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT));
        }
        for (InvoiceLine line : invoice.lines()) {
            table.addCell(cell(line.description(), BODY, Element.ALIGN_LEFT));
            table.addCell(cell(line.quantity().toPlainString(), BODY, Element.ALIGN_RIGHT));
            table.addCell(cell(line.unitPrice().amount().toPlainString(), BODY, Element.ALIGN_RIGHT));
            table.addCell(cell(line.amount().amount().toPlainString(), BODY, Element.ALIGN_RIGHT));
        }
        sumRow(table, "Subtotal", invoice.subtotal().amount().toPlainString(), BODY);
        sumRow(table, "Total", invoice.total().amount().toPlainString() + " "
                + invoice.currency().getCurrencyCode(), BOLD);
        return table;
    }

    private static void sumRow(PdfPTable table, String label, String amount, Font font) {
        PdfPCell name = cell(label, font, Element.ALIGN_LEFT);
        name.setColspan(3);
        table.addCell(name);
        table.addCell(cell(amount, font, Element.ALIGN_RIGHT));
    }

    private static PdfPCell cell(String text, Font font, int alignment) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setHorizontalAlignment(alignment);
        cell.setPadding(4);
        return cell;
    }
}
