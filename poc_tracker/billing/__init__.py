"""Plans and payment: the plan catalogue, CNPJ checks, Stripe checkout, subscriptions, webhooks, dunning."""
