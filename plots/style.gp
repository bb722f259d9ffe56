# style.gp: forkbench's visual vocabulary, defined once for every figure
# (scripts/plot's and scripts/compare's): a fixed colour per creation method,
# a fixed marker and dash per child action / writer / result path, and the
# tick formats for time and count axes. Loaded by common.gp; holds no terminal
# and draws nothing. Names are the suite's own identifiers (fork, clone_vm,
# exec, parent...), looked up by name, so a series titled "fork/exec/touched"
# gets fork's colour and exec's marker wherever it is drawn.
#
#   fb_lc(title)   colour (an '#rrggbb' string) of the first method named in
#                  the '/'-separated title; fb_lc_default when none is
#   fb_pt(title)   marker (point type, filled) of the first child action,
#                  writer or result path named; fb_pto(title) the open one
#   fb_dt(title)   dash of the first child action / writer named (1: solid)
#   fb_time_unit(max_ns), fb_time_scale(max_ns)  a unit for a linear time
#                  axis ('µs'...) and the factor that turns ns into it
#   fb_symlog(ymax)  a macro string: a y axis log10(1 + y) with ticks at 0, 1, 2, 5,
#                  10, 100, 1k...: counts keep their zeros and integer ticks
# Not here: sizes and layouts (each figure's script), the data (scripts/plot).
set encoding utf8
set micro

# Colours: Okabe-Ito for the six methods the suite has measured from the
# start, Paul Tol's muted scheme for the ones being added; black for the
# uninstrumented baseline (footprint's direct call). Colour-blind safe.
fb_lc_fork           = '#0072B2'
fb_lc_vfork          = '#E69F00'
fb_lc_clone          = '#009E73'
fb_lc_clone_vm       = '#CC79A7'
fb_lc_clone3         = '#D55E00'
fb_lc_posix_spawn    = '#882255'
fb_lc_clone_files    = '#56B4E9'
fb_lc_clone_fs       = '#117733'
fb_lc_clone_sighand  = '#999933'
fb_lc_clone_thread   = '#AA4499'
fb_lc_pthread_create = '#44AA99'
fb_lc_direct         = '#000000'
fb_lc_default        = '#777777'
# footprint's modes that return through a pipe: colours of their own (a
# points-only figure shows no dash, and a shared colour made fork_pipe and
# fork the same series to the eye); Paul Tol's light / dark tones.
fb_lc_fork_pipe   = '#88CCEE'
fb_lc_clone_pipe  = '#332288'
fb_lc_clone3_pipe = '#DDCC77'

# Markers (filled; the open one is one less): circle, square, triangles.
fb_pt_exit   = 7
fb_pt_exec   = 5
fb_pt_child  = 7
fb_pt_parent = 9
# heap kinds, for figures whose series are heap kinds (footprint: the mode
# gives the colour, the heap the marker; touched is the default circle)
fb_pt_thp        = 9
fb_pt_fragmented = 11
fb_pt_shared     = 13
fb_pt_default = 7
# footprint's workloads, first in its series names: free circles, leak squares
fb_pt_free = 7
fb_pt_leak = 5
# Dashes: exit solid, exec dashed; child solid, parent dashed.
fb_dt_exit   = 1
fb_dt_exec   = 2
fb_dt_child  = 1
fb_dt_parent = 2
# a THP heap dashed where a series names its heap (spawn_start)
fb_dt_thp = 2
# footprint's workloads: free solid, leak dotted
fb_dt_free = 1
fb_dt_leak = 3
fb_dt_fork_pipe   = 2
fb_dt_clone_pipe  = 2
fb_dt_clone3_pipe = 2

# '/'-separated words: the first, and the rest.
fb_head(s) = strstrt(s, '/') ? s[1:strstrt(s, '/') - 1] : s
fb_tail(s) = strstrt(s, '/') ? s[strstrt(s, '/') + 1:] : ''
fb_find(p, s, d) = s eq '' ? d : (exists(p.fb_head(s)) ? value(p.fb_head(s)) : fb_find(p, fb_tail(s), d))
fb_lc(s)  = fb_find('fb_lc_', s, fb_lc_default)
fb_pt(s)  = fb_find('fb_pt_', s, fb_pt_default)
fb_pto(s) = fb_pt(s) - 1
fb_dt(s)  = fb_find('fb_dt_', s, 1)

# Time axes: SI labels (10 µs, 1 ms) for values in seconds on a log axis;
# a linear axis picks one unit for the whole range.
fb_fmt_time  = '%.0s %cs'
fb_fmt_count = '%.0s%c'
fb_time_scale(m) = m >= 1e9 ? 1e-9 : (m >= 1e6 ? 1e-6 : (m >= 1e3 ? 1e-3 : 1))
fb_time_unit(m)  = m >= 1e9 ? 's' : (m >= 1e6 ? 'ms' : (m >= 1e3 ? 'µs' : 'ns'))
# Counts: log10(1 + y), so 0 is drawn at the bottom and 1, 10, 100 above it.
fb_symlog(ymax) = sprintf("fb_top = %g; ", ymax < 1 ? 1.5 : ymax * 1.4) . \
	"set nonlinear y via log10(y + 1) inverse 10**y - 1; set yrange [0:fb_top]; set ytics ('0' 0); set mytics default; " . \
	"do for [fb_e = 0:int(ceil(log10(fb_top)))] { do for [fb_m in '1 2 5'] { fb_v = real(fb_m) * 10**fb_e; " . \
	"if (fb_v <= fb_top && (fb_m eq '1' || fb_top < 10**(fb_e + 2))) { set ytics add (gprintf('%.0s%c', fb_v) fb_v) } } }"
# Series that name no method (a compared run, a metric): this cycle, by number.
fb_cycle = '#0072B2 #E69F00 #009E73 #CC79A7 #D55E00 #56B4E9 #000000 #882255 #999999 #117733'
fb_lc_nth(i) = word(fb_cycle, (int(i) - 1) % 10 + 1)
# colour of a series: its method's, else the n-th of the cycle
fb_lc_or(s, i) = fb_lc(s) ne fb_lc_default ? fb_lc(s) : fb_lc_nth(i)
# A log time axis from lo to hi (seconds): ticks at 1, 2 and 5 of each decade
# with SI labels, so a range inside one or two decades still reads (20 µs, 50 µs).
fb_logtics(lo, hi) = sprintf("fb_lo = %g; fb_hi = %g; set ytics (); ", lo, hi) . \
	"do for [fb_e = floor(log10(fb_lo)):ceil(log10(fb_hi))] { do for [fb_m in '1 2 5'] { fb_v = real(fb_m) * 10**fb_e; " . \
	"if (fb_v >= fb_lo && fb_v <= fb_hi) { set ytics add (gprintf('%.0s %cs', fb_v) fb_v) } } }"
