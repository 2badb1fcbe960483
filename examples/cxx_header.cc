// SPDX-License-Identifier: MIT
// libheapread from C++: the header is extern "C" and compiles as C++.
#include <libheapread.h>

#include <cstdio>

int main()
{
	hrl_opts o;

	hrl_opts_init(&o);
	std::printf("libheapread %s from C++, default target %s\n", hrl_version(),
		    hrl_target_name(o.target));
	return 0;
}
