; FieldKit's Windows installer (Inno Setup 6). It packs the PyInstaller build, dist\fieldkit\,
; into one setup program that a force's device management (Intune, Configuration Manager) can
; deploy silently. See packaging\README.md. Built by the CI workflow with:
;   iscc /DAppVersion=0.1.0 packaging\windows\fieldkit.iss
; Silent install:    FieldKit-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Silent uninstall:  "C:\Program Files\FieldKit\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
;                    (add /DELETEDATA to delete the running user's case data folder too)
;
; - Per machine, into Program Files: installing needs an administrator (device management runs
;   as SYSTEM); running FieldKit never does. Its executables ask for no elevation (PyInstaller's
;   manifest is asInvoker) and it writes only to the officer's own %LOCALAPPDATA%\FieldKit.
; - Upgrade in place: the AppId below never changes, so a newer setup replaces the installed
;   version in the same folder, with one entry in Apps and features.
; - Uninstall removes the program and keeps the case data folder unless asked, and says so.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; The spec's output folder (packaging\layout.py: dist\<NAME>) and its executables.
#define DistDir "..\..\dist\fieldkit"
#define ConsoleExe "fieldkit.exe"
#define WindowedExe "fieldkitw.exe"
; FieldKit's data folder: platformdirs' user_data_dir("FieldKit") on Windows (local, not roaming).
#define DataDir "{localappdata}\FieldKit"

[Setup]
; Never change the AppId: it is how an upgrade finds the installed version.
AppId={{AAB5668E-01C7-472A-AE3F-9216336A0675}
AppName=FieldKit
AppVersion={#AppVersion}
AppVerName=FieldKit {#AppVersion}
AppPublisher=FieldKit
VersionInfoVersion={#AppVersion}
VersionInfoProductName=FieldKit
VersionInfoDescription=FieldKit installer
DefaultDirName={autopf}\FieldKit
DefaultGroupName=FieldKit
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=FieldKit-{#AppVersion}-setup
SetupIconFile=fieldkit.ico
UninstallDisplayIcon={app}\{#WindowedExe}
UninstallDisplayName=FieldKit
CloseApplications=yes
RestartApplications=no
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupLogging=yes

[Messages]
ConfirmUninstall=Remove %1 from this computer?%n%nThe case data folder (%LOCALAPPDATA%\FieldKit), which holds the encrypted cases recorded here, is kept. You will be asked at the end whether to delete it too.

[InstallDelete]
; Upgrade in place: the previous version's bundled libraries go first, so none linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\FieldKit"; Filename: "{app}\{#WindowedExe}"; AppUserModelID: "FieldKit.FieldKit"; Comment: "Offline field-triage guides, case notes and handover"

[Run]
Filename: "{app}\{#WindowedExe}"; Description: "Open FieldKit now"; Flags: nowait postinstall skipifsilent unchecked

[Code]
function DataFolder(): String;
begin
  Result := ExpandConstant('{#DataDir}');
end;

function AskedToDeleteData(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/DELETEDATA') = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Delete: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  if not DirExists(DataFolder()) then
    Exit;
  Delete := AskedToDeleteData();
  if (not Delete) and (not UninstallSilent()) then
    Delete := MsgBox('FieldKit has been removed. Its case data folder is still on this computer:' + #13#10 + DataFolder() + #13#10#13#10 +
                     'It holds the encrypted cases recorded here. Delete it too? Choose No unless every case has been handed over.',
                     mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  if Delete then
  begin
    DelTree(DataFolder(), True, True, True);
    Log('FieldKit case data folder deleted: ' + DataFolder());
  end
  else
    Log('FieldKit case data folder kept: ' + DataFolder());
end;
