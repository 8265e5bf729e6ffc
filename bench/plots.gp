# The two plots of `make bench`, drawn from the data files bench/run.py
# writes into datadir:
#   maps.dat  mappings, then median/min/max cycles per fault for tide and
#             for Linux, then the same for the madvise lookups
#             (min..max: the spread over boots)
#   hist.dat  bin's low edge in cycles, % of tide's faults, % of Linux's
# Usage: gnuplot -e "datadir='...'" -e "outdir='...'" bench/plots.gp

set terminal svg size 720,440 dynamic enhanced font "sans,12"
set key top left
set grid

set output outdir."/maps_scaling.svg"
set title "Write-fault cost against the number of mappings (item 7)"
set xlabel "mappings in the process (log scale)"
set ylabel "cycles (median over boots)"
set logscale x
set yrange [0:*]
set xrange [0.5:200000]
plot datadir."/maps.dat" using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 \
	title "tide: write fault", \
     datadir."/maps.dat" using 1:5:6:7 with yerrorlines lw 2 pt 5 lc 2 \
	title "Linux: write fault", \
     datadir."/maps.dat" using 1:8:9:10 with yerrorlines lw 1 dt 2 pt 6 \
	lc 1 title "tide: madvise lookup", \
     datadir."/maps.dat" using 1:11:12:13 with yerrorlines lw 1 dt 2 pt 4 \
	lc 2 title "Linux: madvise lookup"

set output outdir."/fault_hist.svg"
set title "Cost of each first-touch write fault, 64 MiB (item 1)"
set xlabel "cycles for one fault (log scale, quarter-octave bins)"
set ylabel "% of faults (all boots)"
set logscale x
set xrange [*:*]
set yrange [0:*]
plot datadir."/hist.dat" using 1:2 with steps lw 2 title "tide", \
     datadir."/hist.dat" using 1:3 with steps lw 2 title "Linux"
