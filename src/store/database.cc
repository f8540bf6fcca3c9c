// Row and Result accessors, and the non-template helpers of transact().
#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "store/database.h"

namespace fairlabel::store {

namespace {

const char* describe_cell(const Value& value) {
  if (std::holds_alternative<std::nullptr_t>(value)) return "NULL";
  if (std::holds_alternative<std::int64_t>(value)) return "an integer";
  return "text";
}

}  // namespace

std::int64_t Row::integer(std::size_t i) const {
  const Value& cell = value(i);
  if (const auto* number = std::get_if<std::int64_t>(&cell)) return *number;
  throw StoreError(StoreErrorKind::other,
                   "column " + std::to_string(i) + " holds " + describe_cell(cell) + ", not an integer");
}

const std::string& Row::text(std::size_t i) const {
  const Value& cell = value(i);
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  throw StoreError(StoreErrorKind::other, "column " + std::to_string(i) + " holds " + describe_cell(cell) + ", not text");
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<std::string> Row::optional_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

const Row& Result::single() const {
  if (rows.size() != 1) {
    throw StoreError(StoreErrorKind::other, "expected exactly one row, got " + std::to_string(rows.size()));
  }
  return rows.front();
}

namespace detail {

void rollback_quietly(Connection& connection) noexcept {
  try {
    connection.rollback();
  } catch (...) {
    // The original error is the one worth reporting; a broken connection is
    // noticed (and dropped) when the lease is released.
  }
}

void retry_backoff(int attempt) {
  // Jittered so that writers which collided do not collide again in step;
  // the ceiling grows with the attempt but stays a few tens of milliseconds.
  thread_local std::minstd_rand random{std::random_device{}()};
  const int ceiling_ms = std::min(2 << std::min(attempt, 5), 50);
  std::uniform_int_distribution<int> pick(1, ceiling_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

}  // namespace detail

}  // namespace fairlabel::store
