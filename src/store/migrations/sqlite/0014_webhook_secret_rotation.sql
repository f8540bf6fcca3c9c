-- Rotating a webhook's signing secret (src/webhooks/webhooks.h,
-- WebhookService::rotate_secret): the secret it replaced keeps signing
-- deliveries beside the new one until previous_secret_until, so a receiver
-- can switch secrets without refusing a delivery.
ALTER TABLE webhook_subscriptions ADD COLUMN previous_secret TEXT;
ALTER TABLE webhook_subscriptions ADD COLUMN previous_secret_until INTEGER;
