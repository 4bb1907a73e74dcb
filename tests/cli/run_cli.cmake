# CTest script: runs the ember program and checks its exit status and output.
# Variables: EMBER (the program), ARGS (;-list), RC (expected exit status), OUT (regex the
# combined stdout+stderr must match), optional CONVERT_CHECK: after converting, inspect both files.
execute_process(COMMAND ${EMBER} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL RC)
  message(FATAL_ERROR "ember ${ARGS}: exit status ${rc}, expected ${RC}\n${out}${err}")
endif()
if(DEFINED OUT AND NOT "${out}${err}" MATCHES "${OUT}")
  message(FATAL_ERROR "ember ${ARGS}: output does not match '${OUT}':\n${out}${err}")
endif()
