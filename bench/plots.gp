# The two plots of `make bench`, drawn from the data files bench/run.py
# writes into datadir:
#   maps.dat  mappings; median/min/max cycles per fault for tide and for
#             Linux; the same for the madvise lookups (min..max: the
#             spread over boots); each kernel's fault median over its
#             median at 1 mapping
#   hist.dat  bin's low edge in cycles, % of tide's faults, % of Linux's
# Usage: gnuplot -e "datadir='...'" -e "outdir='...'" bench/plots.gp

set key top left
set grid

set terminal svg size 1080,440 dynamic enhanced font "sans,12"
set output outdir."/maps_scaling.svg"
set multiplot layout 1,2 title "Fault cost against the number of mappings (item 7)"
set logscale x
set xrange [0.5:200000]
set xlabel "mappings in the process (log scale)"
set ylabel "cycles (median over boots; bars: min..max)"
set yrange [0:*]
plot datadir."/maps.dat" using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 \
	title "tide: write fault", \
     datadir."/maps.dat" using 1:5:6:7 with yerrorlines lw 2 pt 5 lc 2 \
	title "Linux: write fault", \
     datadir."/maps.dat" using 1:8:9:10 with yerrorlines lw 1 dt 2 pt 6 \
	lc 1 title "tide: madvise lookup", \
     datadir."/maps.dat" using 1:11:12:13 with yerrorlines lw 1 dt 2 pt 4 \
	lc 2 title "Linux: madvise lookup"
set ylabel "write fault, relative to 1 mapping"
set yrange [0:*]
plot datadir."/maps.dat" using 1:14 with linespoints lw 2 pt 7 lc 1 \
	title "tide", \
     datadir."/maps.dat" using 1:15 with linespoints lw 2 pt 5 lc 2 \
	title "Linux", \
     1.5 with lines dt 2 lc rgb "black" title "target for tide: 1.5"
unset multiplot

set terminal svg size 720,440 dynamic enhanced font "sans,12"
set output outdir."/fault_hist.svg"
set title "Cost of each first-touch write fault, 64 MiB (item 1)"
set xlabel "cycles for one fault (log scale, quarter-octave bins)"
set ylabel "% of faults, all boots (log scale)"
set logscale xy
set xrange [*:*]
set yrange [0.001:100]
plot datadir."/hist.dat" using 1:2 with steps lw 2 lc 1 title "tide", \
     datadir."/hist.dat" using 1:3 with steps lw 2 lc 2 title "Linux"
