#pragma once
//! The HTTP API (/api/v1 and the operational endpoints).
//!
//! A thin layer: each route reads its input (path params, query, JSON body),
//! calls one domain service with the authenticated Principal, and renders
//! the result as JSON. It holds no business rules: role and tenancy checks
//! live in the services, so the CLI and background jobs get the same rules.
//!
//! Errors: every exception becomes an RFC 9457 problem response
//! (http/problem.h). Domain `Error`s keep their code; a StoreError becomes
//! 503 "database_unavailable" (connection) or 500 "internal"; anything else
//! 500 "internal" — with the detail logged under the request id, not sent.
//!
//! Routes are grouped per resource in *_routes.cc files, each with one
//! add_*_routes(Router&, Services&) function.

#include <memory>

#include "accounts/accounts_service.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "media/media_store.h"
#include "money/pay_service.h"
#include "orgs/organisations.h"
#include "orgs/projects.h"
#include "protection/announcements.h"
#include "protection/disputes.h"
#include "protection/sanctions.h"
#include "protection/terms.h"
#include "store/database.h"
#include "webhooks/webhooks.h"
#include "work/work_service.h"

namespace fairlabel::api {

//! What the API needs; owned by the Application, outliving the API.
struct Services {
  store::Database& db;
  const Clock& clock;
  accounts::AccountsService& accounts;
  orgs::OrganisationService& organisations;
  orgs::ProjectService& projects;
  work::WorkService& work;
  media::MediaStore& media;
  http::Metrics& metrics;
  money::PayService& pay;
  //! Sandbox (demo) mode: a project's own requesters may record deposits
  //! into its escrow, as no payment provider is connected. Off in
  //! production, where only an admin records money actually received.
  bool sandbox_funding = false;
  const audit::AuditLog& audit;
  protection::DisputeService& disputes;
  protection::SanctionService& sanctions;
  protection::TermsService& terms;
  protection::AnnouncementService& announcements;
  webhooks::WebhookService& webhooks;
};

//! The API: routes plus authentication and error mapping. Thread-safe.
class Api {
 public:
  explicit Api(Services services);
  //! Handles one request; never throws. Every answer carries the security
  //! headers (nosniff, no framing, no referrer, CSP; no-store unless the
  //! route sets its own Cache-Control).
  http::Response handle(http::Request& request);
  //! Whether a request is the API's, whatever its method: a path under
  //! /api/ or one the router knows (/healthz, /metrics, ...). The web UI
  //! serves the rest (webui::web_and_api_handler).
  bool owns(http::Request& request) const;
  const http::Router& router() const { return router_; }

 private:
  http::Response route(http::Request& request);
  Services services_;
  http::Router router_;
};

}  // namespace fairlabel::api
