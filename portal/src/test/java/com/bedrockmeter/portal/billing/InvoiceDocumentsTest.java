package com.bedrockmeter.portal.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceLine;
import com.bedrockmeter.model.billing.InvoiceStatus;
import com.bedrockmeter.model.billing.LineKind;
import com.bedrockmeter.model.billing.Money;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invoice's CSV and PDF: the same lines and exact amounts as the invoice. The PDF is rendered by poppler's
 * {@code pdftoppm} (installed by {@code .ci/run}) and read back by {@code pdftotext}, as a viewer would.
 */
class InvoiceDocumentsTest {

    private static final Invoice INVOICE = new Invoice("c-1/2026-09-01/2026-09-30", "c-1", LocalDate.of(2026, 9, 1),
            LocalDate.of(2026, 9, 30), InvoiceStatus.FINALIZED, Money.USD, List.of(
            new InvoiceLine("Subscription: plan fee", LineKind.PLAN_FEE, null, BigDecimal.ONE, Money.usd("49.00"),
                    Money.usd("49.00")),
            new InvoiceLine("Overage, 2,001 calls", LineKind.OVERAGE, null, new BigDecimal("2001"),
                    Money.usd("0.004"), Money.usd("8.004")),
            new InvoiceLine("claude: input tokens", LineKind.INPUT_TOKENS, "anthropic.claude", new BigDecimal("1334567"),
                    Money.usd("0.000003"), Money.usd("4.003701")),
            new InvoiceLine("claude: output tokens", LineKind.OUTPUT_TOKENS, "anthropic.claude",
                    new BigDecimal("365678"), Money.usd("0.000015"), Money.usd("5.48517"))),
            Money.usd("66.492871"), Money.usd("66.49"), Instant.parse("2026-10-01T00:00:00Z"),
            Instant.parse("2026-10-02T08:00:00Z"));

    @Test
    void csv_listsEveryLineExactly_thenTheSubtotalAndTheRoundedTotal() {
        // when
        String csv = InvoiceCsv.lines(INVOICE);

        // then
        assertThat(csv.split("\n")).containsExactly(
                InvoiceCsv.LINES_HEADER,
                "c-1/2026-09-01/2026-09-30,2026-09-01,2026-09-30,FINALIZED,Subscription: plan fee,PLAN_FEE,,1,49.00,49.00,USD",
                "c-1/2026-09-01/2026-09-30,2026-09-01,2026-09-30,FINALIZED,\"Overage, 2,001 calls\",OVERAGE,,2001,0.004,8.004,USD",
                "c-1/2026-09-01/2026-09-30,2026-09-01,2026-09-30,FINALIZED,claude: input tokens,INPUT_TOKENS,"
                        + "anthropic.claude,1334567,0.000003,4.003701,USD",
                "c-1/2026-09-01/2026-09-30,2026-09-01,2026-09-30,FINALIZED,claude: output tokens,OUTPUT_TOKENS,"
                        + "anthropic.claude,365678,0.000015,5.48517,USD",
                "c-1/2026-09-01/2026-09-30,2026-09-01,2026-09-30,FINALIZED,Subtotal,SUBTOTAL,,,,66.492871,USD",
                "c-1/2026-09-01/2026-09-30,2026-09-01,2026-09-30,FINALIZED,Total,TOTAL,,,,66.49,USD");
    }

    @Test
    void listCsv_hasOneRowPerInvoice_withTheCustomersNameQuoted() {
        String csv = InvoiceCsv.list(List.of(INVOICE), id -> "Acme, Inc.");

        assertThat(csv).isEqualTo(InvoiceCsv.LIST_HEADER + "\n"
                + "c-1/2026-09-01/2026-09-30,c-1,\"Acme, Inc.\",2026-09-01,2026-09-30,FINALIZED,66.492871,66.49,USD,"
                + "2026-10-02T08:00:00Z\n");
    }

    @Test
    void listCsv_neutralisesAFormula_inANameACustomerTyped() {
        String csv = InvoiceCsv.list(List.of(INVOICE), id -> "=HYPERLINK(\"http://evil.example\",\"Pay\")");

        assertThat(csv.split("\n")[1]).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Pay\"\")\",")
                .endsWith(",66.492871,66.49,USD,2026-10-02T08:00:00Z");
    }

    @Test
    void pdf_rendersWithPdftoppm_andReadsBackWithTheLinesAndTotal(@TempDir Path dir)
            throws IOException, InterruptedException {
        // given
        Path pdf = dir.resolve("invoice.pdf");
        Files.write(pdf, InvoicePdf.render(INVOICE, "Acme Corp"));

        // when
        run(dir, "pdftoppm", "-png", "-r", "50", "-singlefile", pdf.toString(), dir.resolve("page").toString());
        run(dir, "pdftotext", "-layout", pdf.toString(), dir.resolve("invoice.txt").toString());

        // then
        BufferedImage page = ImageIO.read(dir.resolve("page.png").toFile());
        assertThat(page.getHeight()).isGreaterThan(page.getWidth()); // A4 portrait
        assertThat(darkPixels(page)).as("text and table lines are drawn").isGreaterThan(2_000);
        String text = Files.readString(dir.resolve("invoice.txt"), StandardCharsets.UTF_8);
        assertThat(text).contains("Invoice", "Acme Corp", "2026-09-01 to 2026-09-30", "Overage, 2,001 calls",
                "4.003701", "5.48517", "66.492871", "66.49 USD", "Finalized: 2026-10-02");
        assertThat(text).doesNotContain("draft");
    }

    @Test
    void pdf_keepsACustomerNameInAnyScript(@TempDir Path dir) throws IOException, InterruptedException {
        // given
        Path pdf = dir.resolve("invoice.pdf");
        Files.write(pdf, InvoicePdf.render(INVOICE, "Łódź Δέλτα Zoë 株式会社"));

        // when
        run(dir, "pdftotext", pdf.toString(), dir.resolve("invoice.txt").toString());

        // then
        assertThat(InvoicePdf.UNICODE_FONTS.get(0)).as("fonts-dejavu-core, installed by .ci/run").isReadable();
        assertThat(Files.readString(dir.resolve("invoice.txt"), StandardCharsets.UTF_8))
                .contains("Łódź Δέλτα Zoë");
    }

    private static long darkPixels(BufferedImage image) {
        long dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int luminance = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (luminance < 3 * 128) {
                    dark++;
                }
            }
        }
        return dark;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
