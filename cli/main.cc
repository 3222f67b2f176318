// Copyright 2026 The pm Authors. Licensed under the Apache License, Version 2.0.
//
// The pm command: RunPm on the process's streams and the native backend.

#include <iostream>

#include "cli/app.h"
#include "cli/output.h"
#include "cli/terminal.h"
#include "core/backend.h"

int main(int argc, char** argv) {
  pm::cli::Output output{std::cout, std::cerr, pm::cli::OutputWidth()};
  int code = pm::cli::RunPm(
      argc, argv, [] { return pm::CreateDefaultBackend(); }, output);
  std::cout.flush();
  return code;
}
