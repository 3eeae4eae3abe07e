package io.qtp.training;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reliability diagram of the {@code train} command (XChart): per panel (a test split), the accuracy of each of
 * the {@value Calibrator#BINS} confidence bins against its mean confidence, before and after calibration, with the
 * diagonal of perfect calibration. Panels are drawn side by side into one PNG.
 */
final class ReliabilityChart {

    private ReliabilityChart() {
    }

    /** One panel: a title and the samples before and after calibration. */
    record Panel(String title, List<Calibrator.Sample> before, List<Calibrator.Sample> after) {
    }

    static void write(Path png, List<Panel> panels) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (Panel p : panels) {
            images.add(BitmapEncoder.getBufferedImage(chart(p)));
        }
        int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, x, 0, null);
            x += i.getWidth();
        }
        g.dispose();
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(all, "png", png.toFile());
    }

    private static XYChart chart(Panel p) {
        XYChart chart = new XYChartBuilder().width(560).height(520).title(p.title())
                .xAxisTitle("confidence (probability of the predicted type)").yAxisTitle("accuracy").build();
        Styler s = chart.getStyler();
        chart.getStyler().setXAxisMin(0.3).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        add(chart, "before (ECE " + ece(p.before()) + ")", p.before(), new Color(0xD5, 0x5E, 0x00));
        add(chart, "after (ECE " + ece(p.after()) + ")", p.after(), new Color(0x00, 0x72, 0xB2));
        return chart;
    }

    private static String ece(List<Calibrator.Sample> samples) {
        return String.format(Locale.ROOT, "%.3f", Calibrator.figures(samples).ece());
    }

    private static void add(XYChart chart, String name, List<Calibrator.Sample> samples, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double[] b : Calibrator.reliability(samples)) {
            if (b[2] > 0) {
                x.add(b[0]);
                y.add(b[1]);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
        series.setLineColor(color);
    }
}
