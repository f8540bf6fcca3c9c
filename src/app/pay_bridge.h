#pragma once
//! Where work meets money. The work pipeline and the money module know
//! nothing of each other; the application connects them here:
//! - accepting an assignment (by a reviewer or by a passed deadline) pays
//!   the piece rate from the project's escrow in the same transaction;
//! - rejecting one pays its measured time at the worker's wage floor
//!   (nothing only when fraud is recorded with evidence), citing the clause;
//! - a project goes live only when its escrow covers the batch: piece rate
//!   × overlap, the platform fee and a floor reserve for the regions it
//!   allows.
//!
//! Exchange rates: a project pays in its own currency, a worker's floor is
//! in their country's. reference_exchange_rates() are the operator's
//! conversion table (documented reference rates; exact integer fractions).

#include <vector>

#include "money/pay_rules.h"
#include "money/pay_service.h"
#include "work/work_service.h"

namespace fairlabel::app {

//! Reference rates between every currency of the wage table, through USD.
std::vector<money::ExchangeRate> reference_exchange_rates();

void connect_pay(work::WorkService& work, const money::PayService& pay);

}  // namespace fairlabel::app
