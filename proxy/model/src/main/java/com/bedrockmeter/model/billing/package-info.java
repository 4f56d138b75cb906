/**
 * Plans, prices, invoice calculation, and billing runs with stored invoices.
 *
 * <p>The calculation ({@link com.bedrockmeter.model.billing.InvoiceCalculator} and the pricing records) is pure
 * domain code: no storage, no Spring, no clock. Three services, one per use case, store through
 * {@link com.bedrockmeter.model.billing.DynamoBillingRepository} (key patterns in its Javadoc) and record each change
 * in the audit log: {@link com.bedrockmeter.model.billing.PlanCatalogue} (plans, token prices, plan assignments),
 * {@link com.bedrockmeter.model.billing.BillingRuns} (idempotent runs: one invoice per customer and period, recomputed
 * while a draft) and {@link com.bedrockmeter.model.billing.Invoices} (reading and finalizing: never changed once
 * finalized).
 *
 * <p>The public API is the package root: {@link com.bedrockmeter.model.billing.Money}, the pricing models
 * ({@link com.bedrockmeter.model.billing.PayPerRequest}, {@link com.bedrockmeter.model.billing.Tiered},
 * {@link com.bedrockmeter.model.billing.SubscriptionOverage}), effective-dated token prices
 * ({@link com.bedrockmeter.model.billing.TokenPrice} in a {@link com.bedrockmeter.model.billing.PriceBook}),
 * {@link com.bedrockmeter.model.billing.Plan} and {@link com.bedrockmeter.model.billing.PlanAssignment}, and the
 * service {@link com.bedrockmeter.model.billing.InvoiceCalculator} producing an
 * {@link com.bedrockmeter.model.billing.InvoiceDraft}; the stored {@link com.bedrockmeter.model.billing.Invoice} and
 * {@link com.bedrockmeter.model.billing.BillingRun}. Package-private classes are its internals.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li><b>Money</b> is exact ({@code BigDecimal} with a currency, USD by default). Line amounts keep their precision;
 * the invoice total is rounded once, half-up to cents. The subtotal is the exact sum of the lines.</li>
 * <li><b>Plan change in the middle of a period</b>: prorate. The period is split into segments by the assignments in
 * effect, and each day's usage is priced under the plan in effect that day. A subscription's monthly fee and its
 * included units are prorated by segment days over period days (fee: {@code fee × days ÷ period days} in
 * {@code DECIMAL64}; included units: rounded down). Tiers apply to each segment's own call volume. Days before a
 * customer's first assignment have no plan and are not billed.</li>
 * <li><b>Overage</b> exactly at the included amount: no overage line. One unit past it: a line of one unit.</li>
 * <li><b>Token price changes</b> apply from their date; earlier usage keeps the earlier price, so a change in the
 * middle of a period gives two lines for that model and direction.</li>
 * <li>Negative prices or usage, and a period that ends before it starts, are rejected with
 * {@link java.lang.IllegalArgumentException}.</li>
 * </ul>
 */
package com.bedrockmeter.model.billing;
