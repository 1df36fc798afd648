# ctest: `BINARY --version` exits 0 and prints "NAME VERSION" and nothing else.
#   cmake -DBINARY=path -DEXPECTED="ioscope-cli 0.1.0" -P check_version.cmake
execute_process(COMMAND ${BINARY} --version RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BINARY} --version exited ${rc}: ${err}")
endif()
if(NOT out STREQUAL "${EXPECTED}\n")
  message(FATAL_ERROR "${BINARY} --version printed '${out}', expected '${EXPECTED}'")
endif()
