# sim/profiles: the simulator's device profiles (heapread sim --profile FILE).
EXTRA_DIST += \
	sim/profiles/qemu-tcg-guest.conf \
	sim/profiles/this-vm.conf \
	sim/profiles/ufs4-phone.conf
