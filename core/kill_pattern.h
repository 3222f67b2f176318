// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// Selecting processes to terminate by a pattern (RE2): a full match on the
// short name, or a search in the command line, always chosen explicitly.

#ifndef PM_CORE_KILL_PATTERN_H_
#define PM_CORE_KILL_PATTERN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/backend.h"
#include "core/kill_guard.h"
#include "core/process.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace pm {

// What a pattern is matched against.
enum class PatternField {
  kName,     // The short name (Linux comm), matched in full: "node" selects
             // "node" and not "nodemon".
  kCmdline,  // argv joined with spaces, searched: "http.server" selects
             // "python3 -m http.server 8000".
};

// A compiled pattern. Copyable (the RE2 is shared); thread-safe.
//
// Example:
//   absl::StatusOr<ProcessPattern> p =
//       ProcessPattern::Create(PatternField::kName, "python3?");
//   p->Matches(info);
class ProcessPattern {
 public:
  // Compiles `regex` (RE2 syntax). Returns InvalidArgument naming the pattern
  // and RE2's error: "invalid pattern 'a(b': missing ): a(b". Thread-safe.
  static absl::StatusOr<ProcessPattern> Create(PatternField field,
                                               const std::string& regex);

  PatternField field() const { return field_; }
  const std::string& regex() const { return regex_; }

  // True when `process` matches. A process with no name or command line (a
  // kernel thread, a zombie, one whose details were withheld) matches only a
  // pattern that accepts the empty string.
  bool Matches(const ProcessInfo& process) const;

 private:
  ProcessPattern(PatternField field, std::string regex,
                 std::shared_ptr<const re2::RE2> re)
      : field_(field), regex_(std::move(regex)), re_(std::move(re)) {}

  PatternField field_;
  std::string regex_;
  std::shared_ptr<const re2::RE2> re_;
};

// The processes of `table` that match `pattern`, in table order, never
// counting the caller (pm itself) or its ancestors (which match only because
// they carry pm's own arguments: `sudo pm kill cmdline:foo`). Thread-safe.
std::vector<ProcessInfo> MatchProcesses(const std::vector<ProcessInfo>& table,
                                        const GuardContext& context,
                                        const ProcessPattern& pattern);

}  // namespace pm

#endif  // PM_CORE_KILL_PATTERN_H_
