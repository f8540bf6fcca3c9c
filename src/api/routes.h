#pragma once
//! The route groups the Api registers, one function per *_routes.cc file.

#include "api/api.h"
#include "http/router.h"

namespace fairlabel::api {

void add_money_routes(http::Router& router, Services& services);     // /me/balances, /me/statement, escrow, deposits
void add_ops_routes(http::Router& router, Services& services);       // /, /healthz, /readyz, /metrics, hello, openapi
void add_account_routes(http::Router& router, Services& services);   // /auth, /me, /users
void add_org_routes(http::Router& router, Services& services);       // /orgs
void add_project_routes(http::Router& router, Services& services);   // /orgs/{id}/projects, /projects
void add_work_routes(http::Router& router, Services& services);      // settings, tasks, claims, reviews
void add_media_routes(http::Router& router, Services& services);     // media upload and serving, imports
void add_protection_routes(http::Router& router, Services& services);  // disputes, sanctions, notices, audit, report
void add_export_routes(http::Router& router, Services& services);    // /projects/{id}/export
void add_webhook_routes(http::Router& router, Services& services);   // /projects/{id}/webhooks

}  // namespace fairlabel::api
