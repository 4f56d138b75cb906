package com.bedrockmeter.model.billing;

/**
 * How a plan prices a customer's calls (or, for {@link SubscriptionOverage} in tokens, their tokens) over one
 * billing period. The models validate themselves on construction: a model that exists can be priced.
 */
public sealed interface PricingModel permits PayPerRequest, Tiered, SubscriptionOverage {
}
