@echo off
rem mlp-lab launcher for Windows (cmd.exe and PowerShell): the same commands, output and exit
rem codes as ./lab. Builds with Maven when pom.xml or the sources changed, then runs lab.cli.Main.
rem Written and reviewed on Linux; not run on Windows (see README, "Windows").
setlocal
set "ROOT=%~dp0"
rem No trailing backslash: "-Dlab.home=C:\x\" would escape the closing quote.
if "%ROOT:~-1%"=="\" set "ROOT=%ROOT:~0,-1%"
set "STAMP=%ROOT%\target\.lab-build-stamp"
set "CLASSPATH_FILE=%ROOT%\target\runtime-classpath.txt"

if not exist "%STAMP%" goto build
if not exist "%CLASSPATH_FILE%" goto build
rem Exit 1 when pom.xml or a file under src\main or src\cpu is newer than the last build.
powershell -NoProfile -NonInteractive -Command "$s = (Get-Item -LiteralPath '%STAMP%').LastWriteTime; $n = Get-ChildItem -LiteralPath '%ROOT%\pom.xml','%ROOT%\src\main','%ROOT%\src\cpu' -Recurse -File -ErrorAction SilentlyContinue | Where-Object { $_.LastWriteTime -gt $s } | Select-Object -First 1; if ($n) { exit 1 } else { exit 0 }"
if errorlevel 1 goto build
goto run

:build
echo lab: building with Maven (first time: downloads dependencies, a few minutes)... 1>&2
pushd "%ROOT%"
rem The platform check (pom.xml's enforcer) alone first: within a compile, Maven would try to
rem download an unsupported platform's binaries before it and fail less clearly.
call mvn -q -B -Dstyle.color=never validate 1>&2
if errorlevel 1 goto unsupported
call mvn -q -B -Dstyle.color=never -DskipTests compile 1>&2
set "BUILD_EXIT=%ERRORLEVEL%"
popd
if not "%BUILD_EXIT%"=="0" goto buildfailed
type nul > "%STAMP%"
goto run

:unsupported
popd
exit /b 2

:buildfailed
echo lab: the Maven build failed; see the messages above 1>&2
exit /b 1

:run
rem One OpenMP thread is fastest for the small networks here; set OMP_NUM_THREADS to override.
if not defined OMP_NUM_THREADS set "OMP_NUM_THREADS=1"
rem The class path goes through the CLASSPATH variable: a -cp argument of 50 jars can pass the
rem length cmd.exe allows on one command line.
set "CLASSPATH="
for /f "usebackq delims=" %%L in ("%CLASSPATH_FILE%") do set "CLASSPATH=%ROOT%\target\classes;%%L"
rem The serial garbage collector, as ./lab gives it (lab.core.MemorySettings), unless the JVM's
rem options already choose one: two would stop the JVM at its start.
set "GC=-XX:+UseSerialGC"
echo.%LAB_JAVA_OPTS% %JDK_JAVA_OPTIONS% %JAVA_TOOL_OPTIONS% | findstr /R /C:"-XX:+Use[A-Za-z0-9]*GC" >nul && set "GC="
java %GC% %LAB_JAVA_OPTS% -Djava.awt.headless=true "-Dlab.home=%ROOT%" lab.cli.Main %*
exit /b %ERRORLEVEL%
