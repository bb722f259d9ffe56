# kernels: the initramfs builder (unit), and scripts/kernels booting a Debian
# cloud kernel under qemu (label vm: needs qemu and apt; skipped, 77, without).
fb_add_test(kernels_initramfs kernels_initramfs.sh "unit;kernels")
fb_add_test(kernels_boot kernels_boot.sh "vm;kernels" 400)
fb_add_test(kernels_hang kernels_hang.sh "vm;kernels" 300)
fb_add_test(kernels_cli kernels_cli.sh "unit;kernels")
fb_add_test(kernels_icount kernels_icount.sh "vm;kernels" 300)
