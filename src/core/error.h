#pragma once
//! Errors that end a domain operation.
//!
//! Domain code (accounts, orgs, work, ledger, ...) throws fairlabel::Error
//! when an operation cannot go ahead: bad input, a missing or foreign
//! record, a conflict. It knows nothing of HTTP; the one function that maps
//! an Error to an HTTP status and an RFC 9457 problem body lives in
//! http/problem.h. The CLI maps the same errors to a message and exit code.
//!
//! `code` is stable and machine-readable (clients switch on it; never change
//! an existing one). `message` is for people. `field_errors` name which
//! input field is wrong, as a JSON Pointer into the request body
//! ("/email", "/items/3/label").

#include <stdexcept>
#include <string>
#include <vector>

namespace fairlabel {

enum class ErrorKind {
  malformed,         //!< the input cannot be parsed (bad JSON, bad query syntax)
  unsupported_media_type,  //!< the body is not in a format this endpoint takes
  invalid_input,     //!< the input parses but fails validation
  unauthenticated,   //!< no valid credentials were presented
  forbidden,         //!< the caller is known but may not do this
  not_found,         //!< no such record, or not visible to the caller
  conflict,          //!< the record exists already / changed concurrently
  precondition,      //!< the record is in a state that does not allow this
  rate_limited,      //!< too many attempts; try again later
  unavailable,       //!< a dependency (database) is not available
  internal,          //!< a bug or an unexpected failure
};

struct FieldError {
  std::string pointer;  //!< JSON Pointer to the offending field, "" for the whole body
  std::string message;  //!< what is wrong with it
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, std::string message, std::vector<FieldError> field_errors = {})
      : std::runtime_error(message), kind_(kind), code_(std::move(code)), field_errors_(std::move(field_errors)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::vector<FieldError>& field_errors() const { return field_errors_; }

  static Error invalid(std::string code, std::string message, std::vector<FieldError> fields = {}) {
    return Error(ErrorKind::invalid_input, std::move(code), std::move(message), std::move(fields));
  }
  static Error malformed(std::string code, std::string message, std::vector<FieldError> fields = {}) {
    return Error(ErrorKind::malformed, std::move(code), std::move(message), std::move(fields));
  }
  static Error not_found(std::string what) {
    return Error(ErrorKind::not_found, "not_found", what + " not found");
  }
  static Error forbidden(std::string message) {
    return Error(ErrorKind::forbidden, "forbidden", std::move(message));
  }
  static Error conflict(std::string code, std::string message) {
    return Error(ErrorKind::conflict, std::move(code), std::move(message));
  }

 private:
  ErrorKind kind_;
  std::string code_;
  std::vector<FieldError> field_errors_;
};

//! Collects field errors while validating a body, so that a client learns
//! about every bad field at once, not one per round trip.
class Validation {
 public:
  void fail(std::string pointer, std::string message) { errors_.push_back({std::move(pointer), std::move(message)}); }
  bool ok() const { return errors_.empty(); }
  //! Throws Error{invalid_input, "validation_failed"} if any field failed.
  void throw_if_failed(const std::string& what = "the request body") const;
  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace fairlabel
